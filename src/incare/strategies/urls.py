from django.urls import path

from incare.strategies import views

urlpatterns = [
    path("", views.strategy_list, name="strategy-list"),
    path("<slug:slug>/scorecard/", views.scorecard, name="scorecard"),
    path("<slug:slug>/actions/", views.action_plan, name="action-plan"),
    path("<slug:slug>/actions/<str:ref>/progress/", views.add_progress, name="add-progress"),
    path("<slug:slug>/questions/new/", views.ask_question, name="ask-question"),
    path("<slug:slug>/questions/<int:pk>/answer/", views.answer_question, name="answer-question"),
]
