from django.conf import settings


def shell(request):
    """What the page shell needs on every page."""
    return {"DANGVU_PROFILE": settings.PROFILE}
