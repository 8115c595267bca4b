from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`: the bench commands and the hooks of its measured servers;
    no models, no domain rules."""

    name = "bench"
    verbose_name = "基准测试"

    def ready(self):
        # Only the bench's measured server names a hold log (bench.writes).
        from bench.writes import install_hold_log

        install_hold_log()
