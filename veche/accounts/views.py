from django.http import HttpResponse


def login_view(request):
    return HttpResponse("login")


def lockout_response(request, *args, **kwargs):
    return HttpResponse("Слишком много неудачных попыток входа. Попробуйте через 15 минут.", status=429)
