from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "supervision.holidays"
    label = "holidays"
    verbose_name = "节假日安排"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The working-day rules read the entered schedules through this hook,
        # so supervision.rules itself never touches the database.
        from supervision.holidays import cache
        from supervision.rules import workcalendar

        workcalendar.set_entered_source(cache.entered_calendar)
