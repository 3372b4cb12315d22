from django.urls import path

from truecite import views

app_name = "truecite"
urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("r/<str:share_id>/", views.report, name="report"),
    path("r/<str:share_id>.json", views.report_json, name="report_json"),
]
