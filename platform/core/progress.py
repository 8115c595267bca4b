"""Progress lines for long commands: a line per batch with counts and the time left.

    progress = Progress("迁移单位模式", total=2500, write=self.stdout.write)
    progress.advance(25, 失败=0)
    # 迁移单位模式：25/2500（1%），失败 0，已用 3 秒，预计剩余 297 秒

The estimate is the mean time per item so far times the items left; lines go
to the command's output (a terminal or the journal), one per batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def _seconds(value: float) -> str:
    value = round(value)
    if value < 120:
        return f"{value} 秒"
    minutes, seconds = divmod(value, 60)
    if minutes < 120:
        return f"{minutes} 分 {seconds} 秒"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分"


class Progress:
    def __init__(
        self,
        label: str,
        *,
        total: int,
        write: Callable[[str], object] | None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.label = label
        self.total = total
        self.done = 0
        self.write = write
        self.clock = clock
        self.started = clock()

    def line(self, **counts: int) -> str:
        elapsed = self.clock() - self.started
        left = self.total - self.done
        percent = 100 * self.done // self.total if self.total else 100
        parts = [f"{self.label}：{self.done}/{self.total}（{percent}%）"]
        parts += [f"{name} {value}" for name, value in counts.items()]
        parts.append(f"已用 {_seconds(elapsed)}")
        if self.done and left:
            parts.append(f"预计剩余 {_seconds(elapsed / self.done * left)}")
        elif not left:
            parts.append("完成")
        return "，".join(parts)

    def advance(self, count: int, **counts: int) -> str:
        """Count `count` more items done and write (and return) the line."""
        self.done = min(self.total, self.done + count)
        text = self.line(**counts)
        if self.write is not None:
            self.write(text)
        return text
