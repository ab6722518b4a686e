from django.contrib.auth.backends import ModelBackend


class EmailPasswordBackend(ModelBackend):
    pass


class PhoneCodeBackend(ModelBackend):
    def authenticate(self, request, **kwargs):
        return None


class EsiaBackend(ModelBackend):
    def authenticate(self, request, **kwargs):
        return None
