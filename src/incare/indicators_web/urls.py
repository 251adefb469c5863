from django.urls import path

from incare.indicators_web import views

urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("<str:indicator_id>/", views.indicator_detail, name="indicator"),
]
