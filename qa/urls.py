from django.urls import path

from qa import views

app_name = "qa"
urlpatterns = [
    path("answers/", views.answers, name="answers"),
    path("answers/<slug:slug>/", views.article, name="article"),
    path("ask", views.ask, name="ask"),
    path("questions/", views.my_questions, name="my_questions"),
    path("questions/<int:pk>/", views.progress, name="progress"),
    path("questions/<int:pk>/status.json", views.status, name="status"),
    path("questions/<int:pk>/retry", views.retry, name="retry"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
