"""Authentication backends. Axes' backend runs before these (settings) and refuses locked-out
credentials. The phone-code and ESIA backends never authenticate by themselves: those views
check the code or the ID token and call `login(..., backend=...)` with them, so the session
remembers how the user came in and `get_user` (active users only) works for them."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class EmailPasswordBackend(ModelBackend):
    """Password login by email or by phone (E.164): residents who signed up with a phone only
    log in with it. The form normalises `username` before calling `authenticate`."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        field = "email__iexact" if "@" in username else "phone"
        user = User.objects.filter(**{field: username}).first()
        if user is None:
            # Hash anyway so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class PhoneCodeBackend(ModelBackend):
    def authenticate(self, request, **kwargs):
        return None


class EsiaBackend(ModelBackend):
    def authenticate(self, request, **kwargs):
        return None
