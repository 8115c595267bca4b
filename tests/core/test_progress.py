"""Progress lines: counts, percentage, time used and left."""

from core.progress import Progress


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_line_per_batch_with_the_time_left():
    clock, lines = Clock(), []
    progress = Progress("迁移单位模式", total=2500, write=lines.append, clock=clock)

    clock.now += 10
    progress.advance(100, 失败=0)
    clock.now += 230
    progress.advance(2400, 失败=2)

    assert lines == [
        "迁移单位模式：100/2500（4%），失败 0，已用 10 秒，预计剩余 4 分 0 秒",
        "迁移单位模式：2500/2500（100%），失败 2，已用 4 分 0 秒，完成",
    ]


def test_long_estimates_read_in_hours():
    clock = Clock()
    progress = Progress("核对", total=10_000, write=None, clock=clock)
    clock.now += 60

    assert (
        progress.advance(10)
        == "核对：10/10000（0%），已用 60 秒，预计剩余 16 小时 39 分"
    )


def test_nothing_to_do_is_complete():
    assert (
        Progress("导入", total=0, write=None).line()
        == "导入：0/0（100%），已用 0 秒，完成"
    )
