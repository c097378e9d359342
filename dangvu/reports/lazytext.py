from django.utils.functional import lazy


def lazy_format(message, **values):
    """`message % values` for a lazy translatable message that stays lazy: rendered in whatever language
    is active when it is read (errors print Vietnamese then English)."""
    return lazy(lambda: str(message) % values, str)()
