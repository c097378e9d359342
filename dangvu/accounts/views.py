from django.shortcuts import render


def lockout(request, credentials, *args, **kwargs):
    return render(request, "accounts/lockout.html", status=429)
