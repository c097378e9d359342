from dangvu.audit.context import acting


class CorrelationMiddleware:
    """One correlation id per request: every audit entry of one user action shares it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = "api" if request.path.startswith("/api/") else "web"
        with acting(origin=origin):
            return self.get_response(request)
