from django.apps import AppConfig


class TrueciteConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'truecite'
