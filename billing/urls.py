from django.urls import path

from billing import views, webhooks

app_name = "billing"
urlpatterns = [
    path("pricing/", views.pricing, name="pricing"),
    path("account/billing/", views.account_billing, name="account"),
    path("account/delete/", views.delete_account, name="delete_account"),
    path("billing/checkout/", views.checkout, name="checkout"),
    path("billing/portal/", views.portal, name="portal"),
    path("billing/webhook/", webhooks.stripe_webhook, name="webhook"),
]
