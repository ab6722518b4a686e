from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "veche.votes"
    label = "votes"
    verbose_name = "Голосования"
