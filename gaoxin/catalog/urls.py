from django.urls import path

from gaoxin.catalog import views

urlpatterns = [
    path("", views.home, name="home"),
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/items/<str:code>/", views.item, name="item"),
    path("bundles/<slug:code>/", views.bundle, name="bundle"),
]
