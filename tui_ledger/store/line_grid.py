"""One period's lines as the grid asks for them: a view (sort, search, marked only) answered in windows.

The grid never holds the lines; it asks for `count()` and for `window(offset, limit)` around what is on
screen. Every answer must take milliseconds at a million lines, at any offset, under any sort and search:

- unfiltered: the window's ids come from the sort column's index, walked from whichever end is nearer
  (an index-only walk visits about 100 million entries a second);
- filtered (search, marked only): the index walk tests each line against the filter, so its cost grows with
  the distance walked divided by the share of lines that match. The walk therefore starts from the nearest
  *anchor* — a known (position, sort key) from an earlier window — so scrolling and paging cost only the rows
  scrolled. A filter matching few lines (`SMALL_RESULT`) is fetched once in sort order and kept: every later
  window is a slice. A jump far from every anchor first gathers the view's matches into a bitmap from the
  search's covering indexes, so that the walk tests lines inside the sort index instead of in the table.
- Charge Type sorts by the names the grid shows, which Configuration can rename; its order is a sequence of
  *segments*, one per charge type in the order of the shown names, each an index range in line order.

Marks live in the period's mark table; "marked only" is a filter like the search.

Counting a filtered view can cost more than a keystroke's frame, so the grid can hand out a `BackgroundCount`
(`background_count()`): until it has answered, windows are read without the count (walking from the start or
from anchors, never from the unknown end) and `summary().showing` is None ("counting…"), never a guess.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from tui_ledger.domain.invoice_lines import ChargeType
from tui_ledger.store.database import Database
from tui_ledger.store.line_background import TextsReading
from tui_ledger.store.line_codes import MappingStatus
from tui_ledger.store.line_columns import BUCKETED_COLUMNS, SORT_INDEXES, LineColumn
from tui_ledger.store.line_dictionary import PeriodTexts, text_order_key
from tui_ledger.store.line_loader import LoadedPeriod
from tui_ledger.store.line_marks import LineMarks
from tui_ledger.store.line_records import RECORD_COLUMNS, LineRecord, decode_records
from tui_ledger.store.line_search import LineSearch, plan_search
from tui_ledger.store.line_view_filter import BackgroundCount, ViewFilter

SMALL_RESULT = 5_000
"""A filtered view this small is kept as a sorted id list: fetching it costs less than one deep walk."""

WALK_LOOKUPS = 20_000
"""A filtered walk expected to test more lines than this against the table tests them in a bitmap instead."""

PROBE_CHUNK = 2_048
PROBE_BUDGET = 8_192
"""A filtered walk tests at most this many lines in the table, a chunk at a time, before using a bitmap."""

GRID_CACHE_KIB = 65_536
"""Page cache a grid asks of its connection (64 MiB), so the sort indexes it walks stay in memory."""

STATUS_COUNT_STEP = 4_096
"""The first bound up to which both mapping statuses are counted (see `LineGrid._count_unmapped`)."""

_MAX_ANCHORS = 4096


@dataclass(frozen=True, slots=True)
class LineOrder:
    """Sort by a column (None: load order), ascending or descending; ties always break by line id."""

    column: LineColumn | None = None
    descending: bool = False


@dataclass(frozen=True, slots=True)
class LineSummary:
    """The counts under the grid (seed 003)."""

    showing: int | None
    """Lines in the view; None while a background count of it is still running."""
    total: int
    mapped: int
    unmapped: int
    marked: int

    @property
    def showing_text(self) -> str:
        if self.showing is None:
            return f"Showing (counting…) of {self.total:,} invoice lines"
        return f"Showing {self.showing:,} of {self.total:,} invoice lines"

    @property
    def totals_text(self) -> str:
        return f"Total invoice lines: {self.total:,} | Mapped: {self.mapped:,} | Unmapped: {self.unmapped:,}"


@dataclass(slots=True)
class _Segment:
    """A run of the view in one index order: all of it, or one charge type's lines."""

    index: str | None
    keys: tuple[str, ...]
    where: str
    parameters: list[object]
    count: int | None
    """Lines of the view in this segment; None while a background count of a one-segment view is running."""
    covers_search: bool = False
    anchors: dict[int, tuple[object, ...]] = field(default_factory=dict)
    ids: list[int] | None = None
    start_bound: tuple[object, ...] | None = None
    """A sort key no line of the segment comes before (the previous, wider search's first line): walks from the
    start begin there instead of at the index's first entry."""

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.keys, "id")


class LineGrid:
    """The windowed view of one loaded period (see the module docstring)."""

    def __init__(
        self,
        database: Database,
        loaded: LoadedPeriod,
        texts: PeriodTexts,
        charge_type_names: Mapping[ChargeType, str] | None = None,
    ) -> None:
        self._database = database
        self.loaded = loaded
        self._shard = loaded.shard
        self._table = self._shard.lines
        self._texts = texts
        self._type_names: dict[ChargeType, str] = dict(charge_type_names or {})
        self._order = LineOrder()
        self._marks = LineMarks(database, self._shard)
        self._view = ViewFilter(database, self._shard, texts, plan_search("", texts, loaded.line_count), False)
        self._segments: list[_Segment] | None = None
        self._bitmap: bytes | None = None
        self._type_counts: dict[str, int] | None = None
        self._unmapped: int | None = None
        self._counting: BackgroundCount | None = None
        self._start_bound: tuple[object, ...] | None = None
        _ensure_cache(database, GRID_CACHE_KIB)

    # -- the view -------------------------------------------------------------------------------------------

    @property
    def order(self) -> LineOrder:
        return self._order

    @property
    def search_text(self) -> str:
        return self._view.search.text

    @property
    def marked_only(self) -> bool:
        return self._view.marked_only

    @property
    def total(self) -> int:
        return self.loaded.line_count

    def sort(self, column: LineColumn | str | None, descending: bool = False) -> None:
        """Sort by a column (a `LineColumn` or its id), or by load order with None."""
        chosen = None if column is None else LineColumn(column)
        self._order = LineOrder(chosen, descending)
        self._reset()

    def search(self, text: str) -> None:
        """Show only lines whose searchable texts contain `text` (case-insensitive); blank shows all.

        Typing more letters narrows the search: the new view's lines are some of the old view's, in the same
        order, so its first line cannot come before the old view's first line; walks start there.
        """
        previous = self._view.search
        if text == previous.text:
            return
        start = self._first_line_key() if previous.narrowed_by(text) else None
        self._refilter(plan_search(text, self._texts, self.total, previous), self._view.marked_only)
        self._start_bound = start

    def show_marked_only(self, on: bool) -> None:
        if on != self._view.marked_only:
            self._refilter(self._view.search, on)

    def set_charge_type_names(self, names: Mapping[ChargeType, str]) -> None:
        """Configuration renamed charge types: names shown, and the Charge Type sort order, change."""
        self._type_names = dict(names)
        self._reset()

    def refresh(self) -> None:
        """Forget cached counts and orders after lines were edited outside this grid."""
        self._refilter(self._view.search, self._view.marked_only)
        self._unmapped = None

    # -- answers --------------------------------------------------------------------------------------------

    def count(self) -> int:
        """Lines in the current view (counted here and now if no background count has answered yet)."""
        segments = self._planned()
        for segment in segments:
            if segment.count is None:
                segment.count = self._view.count()
        return sum(segment.count or 0 for segment in segments)

    def background_count(self) -> BackgroundCount | None:
        """A job that counts the current view in another thread, or None when `count()` answers without a query.

        Until the job has answered, `summary().showing` is None and `window()` does not wait for the count. A view
        sorted by Charge Type needs its per-type counts to order the lines, so it is always counted at once.
        """
        if self._view.known_count() is not None or self._order.column in BUCKETED_COLUMNS:
            return None
        if self._counting_view():
            return self._counting
        self._counting = BackgroundCount(self._view, self._database.path)
        return self._counting

    def background_preparation(self) -> TextsReading | None:
        """A job reading the period's texts into memory in another thread, or None when they are read already.

        The grid opens without them (a window reads the few texts it shows); the first search keystroke needs
        them all. The table runs this job once its first frame is painted, so they are read while the user looks.
        """
        if self._texts.is_read:
            return None
        return TextsReading(self._texts, self._database.path)

    def window(self, offset: int, limit: int) -> list[LineRecord]:
        """Lines `[offset, offset + limit)` of the current view, in view order."""
        segments = self._planned()
        if len(segments) == 1 and segments[0].count is None:
            return self._records(self._segment_ids(segments[0], max(0, offset), limit)) if limit > 0 else []
        total = self.count()
        offset = max(0, offset)
        limit = min(limit, total - offset)
        if limit <= 0:
            return []
        ids: list[int] = []
        position = 0
        for segment in segments:
            begin, end = max(offset, position), min(offset + limit, position + segment.count)
            if begin < end:
                ids.extend(self._segment_ids(segment, begin - position, end - begin))
            position += segment.count
            if position >= offset + limit:
                break
        return self._records(ids)

    def summary(self) -> LineSummary:
        """The counts under the grid; mapped/unmapped are counted once and kept until `refresh()`.

        `showing` is None while a background count of the view is running (it is not waited for).
        """
        if self._unmapped is None:
            self._unmapped = self._count_unmapped()
        unmapped = self._unmapped
        showing = self._view.known_count()
        if showing is None and not self._counting_view():
            showing = self.count()
        return LineSummary(showing, self.total, self.total - unmapped, unmapped, self._marks.count())

    def _count_unmapped(self) -> int:
        """Lines not mapped, counted on whichever side of the mapping-status index is smaller.

        Counting one status visits each of its index entries: a million unmapped lines cost 55 ms, on the
        screen's first frame. Mapped and unmapped add up to the total, so counting the smaller side is enough.
        Which side is smaller is not known, so both are counted up to a bound that grows fourfold until one side
        ends under it: the cost follows the smaller side (a fresh period, all unmapped, costs almost nothing).
        """
        index = SORT_INDEXES[LineColumn.MAPPING_STATUS].on(self._table)
        bounded = (
            f"SELECT count(*) FROM (SELECT 1 FROM {self._table} INDEXED BY {index} WHERE mapping_status = ? LIMIT ?)"
        )
        bound = STATUS_COUNT_STEP
        while True:
            for status in (MappingStatus.MAPPED, MappingStatus.UNMAPPED):
                found = self._scalar(bounded, [int(status), bound])
                if found < bound:
                    return found if status is MappingStatus.UNMAPPED else self.total - found
            bound *= 4

    # -- marks ----------------------------------------------------------------------------------------------

    def set_marked(self, key: int, marked: bool) -> bool:
        """Mark or unmark one line; returns False when nothing changed (already so, or a synced line)."""
        changed = self._marks.set(key, marked)
        if changed and self._view.marked_only:
            self._refilter(self._view.search, True)
        return changed

    def mark_all(self, marked: bool) -> int:
        """Mark (or unmark) every line of the current view; synced lines are never marked. Returns how many changed."""
        changed = self._marks.set_kept(self._view, marked)
        if self._view.marked_only:
            self._refilter(self._view.search, True)
        return changed

    def marked_count(self) -> int:
        return self._marks.count()

    def marked_keys(self) -> list[int]:
        """Ids of the marked lines, in line order (what "sync the marked lines" works through)."""
        return self._marks.keys()

    # -- planning -------------------------------------------------------------------------------------------

    def _planned(self) -> list[_Segment]:
        if self._segments is None:
            self._segments = self._plan()
        return self._segments

    def _plan(self) -> list[_Segment]:
        column = self._order.column
        if self._view.keeps_no_line:
            return []
        if column in BUCKETED_COLUMNS:
            return self._charge_type_segments()
        count = self._view.known_count() if self._counting_view() else self._view.count()
        if column is None:
            return [_Segment(None, (), "", [], count, start_bound=self._start_bound)]
        index = SORT_INDEXES[column]
        segment = _Segment(index.on(self._table), index.keys, "", [], count, index.covers_search)
        segment.start_bound = self._start_bound
        return [segment]

    def _counting_view(self) -> bool:
        """A background count of the current view was handed out and has not been cancelled."""
        return self._counting is not None and self._counting.view is self._view and not self._counting.cancelled

    def _charge_type_segments(self) -> list[_Segment]:
        counts = self._charge_type_counts()
        shown = {kind.value: self._type_names.get(kind) or kind.label for kind in ChargeType}
        order = sorted(counts, key=lambda value: text_order_key(shown.get(value, value)))
        if self._order.descending:
            order.reverse()
        index = SORT_INDEXES[LineColumn.CHARGE_TYPE]
        return [
            _Segment(index.on(self._table), index.keys, "charge_type = ?", [value], counts[value])
            for value in order
            if counts[value]
        ]

    def _charge_type_counts(self) -> dict[str, int]:
        condition, parameters = self._filter()
        if not condition:
            if self._type_counts is None:
                index = SORT_INDEXES[LineColumn.CHARGE_TYPE].on(self._table)
                rows = self._database.query(
                    f"SELECT charge_type, count(*) FROM {self._table} INDEXED BY {index} GROUP BY charge_type"
                )
                self._type_counts = {row[0]: int(row[1]) for row in rows}
            return self._type_counts
        if self._view.count() * 8 < self.total:
            candidates, candidate_parameters = self._view.candidates()
            sql = (
                f"SELECT charge_type, count(*) FROM {self._table} WHERE id IN ({candidates}) AND {condition} "
                "GROUP BY charge_type"
            )
            parameters = [*candidate_parameters, *parameters]
        else:
            sql = f"SELECT charge_type, count(*) FROM {self._table} NOT INDEXED WHERE {condition} GROUP BY charge_type"
        return {row[0]: int(row[1]) for row in self._database.query(sql, parameters)}

    def _reset(self) -> None:
        """Forget the plan of the view (segments, kept ids, anchors, bitmap, start bound) but not its filter."""
        self._segments = None
        self._bitmap = None
        self._start_bound = None

    def _first_line_key(self) -> tuple[object, ...] | None:
        """The sort key of the current view's first line, when a window has read it (one-segment views only)."""
        segments = self._segments
        if segments is None or len(segments) != 1:
            return None
        return segments[0].anchors.get(0)

    def _refilter(self, search: LineSearch, marked_only: bool) -> None:
        self._view = ViewFilter(self._database, self._shard, self._texts, search, marked_only)
        self._reset()

    def _filter(self) -> tuple[str, list[object]]:
        """The SQL condition of the view's filters (empty when the view shows every line)."""
        return self._view.condition()

    # -- windows of one segment -------------------------------------------------------------------------------

    def _segment_ids(self, segment: _Segment, start: int, size: int) -> list[int]:
        if segment.ids is not None:
            return segment.ids[start : start + size]
        condition, _ = self._filter()
        if not condition:
            if segment.index is None:
                return list(range(start + 1, start + size + 1))
            return self._walk(segment, start, size)
        if segment.count is None:
            return self._walk(segment, start, size)
        if segment.count <= SMALL_RESULT:
            segment.ids = self._materialize(segment)
            return segment.ids[start : start + size]
        if self._bitmap is None and not segment.covers_search:
            lookups = self._walk_distance(segment, start, size) * self.total // max(segment.count, 1)
            if lookups > WALK_LOOKUPS:
                self._bitmap = self._view.bitmap()
        return self._walk(segment, start, size)

    def _walk_distance(self, segment: _Segment, start: int, size: int) -> int:
        """How many rows of the view lie between the window and the nearest place a walk can start from."""
        last = start + size - 1
        distance = min(start, segment.count - 1 - last) if segment.count is not None else start
        positions = sorted(segment.anchors)
        before = bisect_right(positions, start) - 1
        if before >= 0:
            distance = min(distance, start - positions[before])
        after = bisect_left(positions, last)
        if after < len(positions):
            distance = min(distance, positions[after] - last)
        return distance

    def _walk(self, segment: _Segment, start: int, size: int) -> list[int]:
        """Ids of rows `[start, start + size)` of the segment by an index walk from the nearest known place.

        While the segment's count is unknown (a background count is running) the end is not a place to start
        from: the walk goes from the start or from an anchor, and returns fewer rows past the view's end.
        """
        last = start + size - 1
        positions = sorted(segment.anchors)
        options: list[tuple[int, str, int]] = [(start, "start", 0)]
        if segment.count is not None:
            options.append((segment.count - 1 - last, "end", segment.count - 1))
        before = bisect_right(positions, start) - 1
        if before >= 0:
            options.append((start - positions[before], "after", positions[before]))
        after = bisect_left(positions, last)
        if after < len(positions):
            options.append((positions[after] - last, "before", positions[after]))
        _, kind, origin = min(options)
        forward = kind in ("start", "after")
        skip = start - origin if forward else origin - last
        anchor = segment.anchors.get(origin) if kind in ("after", "before") else None
        if kind == "start":
            anchor = segment.start_bound
        rows = None
        if self._bitmap is None and self._filter()[0] and not segment.covers_search:
            rows = self._probe_rows(segment, forward, anchor, skip, size)
            if rows is None:
                self._bitmap = self._view.bitmap()
        if rows is None:
            rows = self._walk_rows(segment, forward, anchor, skip, size)
        if not forward:
            rows.reverse()
        if len(segment.anchors) > _MAX_ANCHORS:
            segment.anchors.clear()
        if rows:
            segment.anchors[start] = tuple(rows[0])
            segment.anchors[start + len(rows) - 1] = tuple(rows[-1])
        return [int(row[-1]) for row in rows]

    def _probe_rows(
        self, segment: _Segment, forward: bool, anchor: tuple[object, ...] | None, skip: int, size: int
    ) -> list[tuple[object, ...]] | None:
        """A filtered walk with a bounded cost, or None when it would cost more than `PROBE_BUDGET` entries.

        The index is walked unfiltered, a chunk at a time, and each chunk's lines are tested against the filter
        in the table. When the matches are spread through the sort order, the first chunk or two fill the
        window; when they are clustered far from where the walk starts (a search for an offer while sorted by
        offer id), the walk gives up early and the caller tests lines in a bitmap instead, rather than reading
        half the table line by line.
        """
        wanted = skip + size
        found: list[tuple[object, ...]] = []
        cursor, past_cursor, visited = anchor, 0, 0
        chunk_size = min(max(2 * wanted, 64), PROBE_CHUNK)
        while visited < PROBE_BUDGET:
            chunk = self._walk_rows(segment, forward, cursor, past_cursor, chunk_size, filtered=False)
            visited += len(chunk)
            hits = self._matching_ids([int(row[-1]) for row in chunk]) if chunk else set()
            found.extend(row for row in chunk if row[-1] in hits)
            if len(found) >= wanted or len(chunk) < chunk_size:
                return found[skip:wanted]
            cursor, past_cursor = chunk[-1], 1
            chunk_size = min(chunk_size * 4, PROBE_CHUNK)
        return None

    def _matching_ids(self, ids: list[int]) -> set[int]:
        condition, parameters = self._filter()
        rows = self._database.query(
            f"SELECT id FROM {self._table} WHERE id IN (SELECT value FROM json_each(?)) AND {condition}",
            [json.dumps(ids), *parameters],
        )
        return {int(row[0]) for row in rows}

    def _walk_rows(
        self,
        segment: _Segment,
        forward: bool,
        anchor: tuple[object, ...] | None,
        skip: int,
        size: int,
        filtered: bool = True,
    ) -> list[tuple[object, ...]]:
        """`size` rows after skipping `skip`, walking from the start/end (no anchor) or from an anchor row.

        From an anchor, the walk is split in two index seeks: the rest of the anchor's run of equal keys (an
        equality on the keys and a range on the id), then the keys strictly beyond it. One row-value range
        `(keys, id) >= (…)` would do the same in one query, but SQLite seeks only on its key part and then
        steps through every equal key — a whole status or charge type — checking ids one by one.
        """
        ascending = forward != self._order.descending
        if anchor is None:
            return self._select_walk(segment, ascending, "", [], skip, size, filtered)
        *keys, anchor_id = anchor
        id_bound = ">=" if ascending else "<="
        if not segment.keys:
            return self._select_walk(segment, ascending, f"id {id_bound} ?", [anchor_id], skip, size, filtered)
        same_keys = " AND ".join(f"{key} = ?" for key in segment.keys)
        run = self._select_walk(
            segment, ascending, f"{same_keys} AND id {id_bound} ?", [*keys, anchor_id], 0, skip + size, filtered, True
        )
        rows = run[skip:]
        if len(rows) == size:
            return rows
        key_bound = ">" if ascending else "<"
        beyond = f"({', '.join(segment.keys)}) {key_bound} ({', '.join('?' * len(keys))})"
        rest_skip = max(0, skip - len(run))
        rest = self._select_walk(segment, ascending, beyond, list(keys), rest_skip, size - len(rows), filtered)
        return rows + rest

    def _select_walk(
        self,
        segment: _Segment,
        ascending: bool,
        bound: str,
        bound_parameters: list[object],
        skip: int,
        size: int,
        filtered: bool,
        by_id: bool = False,
    ) -> list[tuple[object, ...]]:
        direction = "ASC" if ascending else "DESC"
        conditions: list[str] = []
        parameters: list[object] = []
        if segment.where:
            conditions.append(segment.where)
            parameters.extend(segment.parameters)
        if bound:
            conditions.append(bound)
            parameters.extend(bound_parameters)
        condition, filter_parameters = self._walk_filter() if filtered else ("", [])
        if condition:
            conditions.append(condition)
            parameters.extend(filter_parameters)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        indexed = f"INDEXED BY {segment.index}" if segment.index else ""
        order_columns = ("id",) if by_id else segment.columns
        order = ", ".join(f"{column} {direction}" for column in order_columns)
        columns = ", ".join(segment.columns)
        sql = f"SELECT {columns} FROM {self._table} {indexed} {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return [tuple(row) for row in self._database.query(sql, [*parameters, size, skip])]

    def _walk_filter(self) -> tuple[str, list[object]]:
        """The filter as a walk tests it: against the match bitmap once there is one, else in SQL."""
        if self._bitmap is not None:
            return "substr(?, id + 1, 1) = x'01'", [self._bitmap]
        return self._filter()

    def _materialize(self, segment: _Segment) -> list[int]:
        """Every id of the segment's filtered view, in view order, fetched through the filter's candidates."""
        direction = "DESC" if self._order.descending else "ASC"
        order = ", ".join([*(f"+{key} {direction}" for key in segment.keys), f"id {direction}"])
        candidates, parameters = self._view.candidates()
        condition, filter_parameters = self._filter()
        conditions = [f"id IN ({candidates})", condition]
        if segment.where:
            conditions.append(segment.where)
        sql = f"SELECT id FROM {self._table} WHERE {' AND '.join(conditions)} ORDER BY {order}"
        rows = self._database.query(sql, [*parameters, *filter_parameters, *segment.parameters])
        return [int(row[0]) for row in rows]

    def _records(self, ids: list[int]) -> list[LineRecord]:
        if not ids:
            return []
        rows = self._database.query(
            f"SELECT {RECORD_COLUMNS}, EXISTS (SELECT 1 FROM {self._shard.marks} WHERE line_id = id) "
            f"FROM {self._table} WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
        by_id = {record.key: record for record in decode_records(rows, self._texts, self._type_names)}
        return [by_id[key] for key in ids if key in by_id]

    def _scalar(self, sql: str, parameters: list[object]) -> int:
        row = self._database.query_one(sql, parameters)
        return int(row[0]) if row is not None else 0


def _ensure_cache(database: Database, kib: int) -> None:
    """Grow the connection's page cache to at least `kib` (a negative `cache_size` is KiB; positive, pages)."""
    cache, page = database.query_one("PRAGMA cache_size"), database.query_one("PRAGMA page_size")
    current = int(cache[0]) if cache is not None else 0
    page_size = int(page[0]) if page is not None else 4096
    current_kib = -current if current < 0 else current * page_size // 1024
    if current_kib < kib:
        database.query(f"PRAGMA cache_size = -{kib}")
