"""Response headers Django does not send by itself. (Content-Security-Policy is Django's own
ContentSecurityPolicyMiddleware with settings.SECURE_CSP.)"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Permissions-Policy: browser features no page uses are off (settings.py says which)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = settings.VECHE_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
