from django.shortcuts import render

from gaoxin.catalog.models import Bundle


def home(request):
    return render(request, "catalog/home.html", {"bundles": Bundle.objects.filter(active=True)})
