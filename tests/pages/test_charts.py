"""Charts drawn on the server: a long score history still makes a small sparkline."""

from summits.charts import SPARK_PAD, SPARK_WIDTH, sparkline


def _points(line) -> list[tuple[float, float]]:
    return [tuple(map(float, point.split(","))) for point in line.points.split()]


def test_a_short_history_has_a_point_per_score():
    points = _points(sparkline([-1.0, 0.0, 1.0]))
    assert [x for x, _ in points] == [SPARK_PAD, SPARK_WIDTH / 2, SPARK_WIDTH - SPARK_PAD]
    assert points[0][1] > points[1][1] > points[2][1]  # +1 is drawn at the top


def test_a_long_history_keeps_one_point_per_pixel_its_first_and_its_latest_score():
    scores = [-1.0] + [0.0] * 4_998 + [1.0]
    line = sparkline(scores)
    points = _points(line)
    assert len(points) == SPARK_WIDTH - 2 * SPARK_PAD + 1
    xs = [x for x, _ in points]
    assert xs == sorted(set(xs))  # one point per column, left to right
    full = _points(sparkline([-1.0, 1.0]))
    assert points[0] == full[0] and points[-1] == full[-1] == (line.last_x, line.last_y)
    assert {y for _, y in points[1:-1]} == {line.zero_y}
