from django.contrib import admin
from django.urls import path

from gaoxin.api import api

admin.site.site_header = "高新 · 管理后台"
admin.site.site_title = "高新管理后台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
