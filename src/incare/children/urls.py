from django.urls import path

from incare.children import views

urlpatterns = [
    path("<str:child_id>/", views.child_page, name="child"),
]
