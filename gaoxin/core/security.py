"""Content Security Policy: the pages load scripts, styles, images and fonts from this site only.

Django 5.2 has no CSP of its own (6.0 does); the policy is one fixed header, so a few lines here do instead of a
dependency. Style attributes stay allowed (style-src-attr) because bars and progress marks take their width from
the data; <style> elements and inline or injected scripts do not.
"""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
