from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from wispaper import views

# Admins sign in through allauth's login, so its rate limits on failed attempts cover the admin too.
admin.site.login = secure_admin_login(admin.site.login)

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
