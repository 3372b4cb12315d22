from django.urls import path

from truecite import views

app_name = "truecite"
urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("r/<str:share_id>/", views.report, name="report"),
    path("r/<str:share_id>/status.json", views.status, name="status"),
    path("r/<str:share_id>/retry", views.retry, name="retry"),
    path("r/<str:share_id>.json", views.report_json, name="report_json"),
]
