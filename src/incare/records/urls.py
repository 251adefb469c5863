from django.urls import path

from incare.records import views

urlpatterns = [
    path("<str:child_id>/", views.child_records, name="child-records"),
    path("<str:child_id>/<str:kind>/add/", views.add_record, name="add-record"),
]
