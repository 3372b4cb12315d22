from django.contrib import admin
from django.urls import include, path

from wispaper import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("billing.urls")),
    path("search/deep/", include("search.deep.urls")),
    path("", include("search.urls")),
    path("", include("qa.urls")),
    path("truecite/", include("truecite.urls")),
]
