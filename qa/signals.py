"""What happens to a user's questions when the account is deleted."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from qa.models import Article, Question


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def delete_private_questions(sender, instance, **kwargs) -> None:
    # Public articles stay on the site, their asker set to null by the foreign key; everything else is
    # the user's personal data and goes with the account.
    Question.objects.filter(asker=instance).exclude(article__visibility=Article.Visibility.PUBLIC).delete()
