from django.urls import path

from gaoxin.catalog import views

urlpatterns = [
    path("", views.home, name="home"),
]
