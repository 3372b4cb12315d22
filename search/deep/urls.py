from django.urls import path

from search.deep import views

app_name = "deep"
urlpatterns = [
    path("", views.deep_search, name="search"),
    path("<str:token>/", views.deep_results, name="results"),
    path("<str:token>/retry", views.deep_retry, name="retry"),
]
