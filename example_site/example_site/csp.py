"""A strict Content-Security-Policy for the demo's public pages.

No inline script or style is allowed: the package's block templates need
neither, and the browser tests prove that story pages raise no violation.
The Wagtail admin is left out, because it is Wagtail's to secure.
"""

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/documents/")):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
