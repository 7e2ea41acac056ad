"""Parquet tables written a chunk of days at a time, so a long run never holds them all.

A thousand simulated days make millions of event rows. Rather than piling every day
up in memory and writing the pile at the end, each chunk of days is appended to the
file as it arrives, like pages added to a binder. Each scenario gets its own binder
(its replications arrive in order, but scenarios may interleave, and scenarios with
different pathways have different columns); :func:`merge_parts` binds them into the
one file of SPEC §4 at the end, leaving out replications beyond the run (the look-ahead
of ``--reps auto``). Reading the result gives the same DataFrame as writing the
stacked tables in one go.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flowsim.results.stacking import stack_tables

ROW_GROUP_REPS = 25
"""Replications per parquet row group: row group k holds replications 25k..25k+24 of a
scenario, whatever chunks they arrived in, so files are byte-identical for every runner."""
STATISTICS_COLUMNS = ("scenario", "rep")
"""Columns whose min/max are stored per row group: readers filter days by them."""


def writer_options(schema: pa.Schema) -> dict[str, Any]:
    """How every parquet file of a run is written (also the one-go writes of :mod:`output`).

    Dictionary encoding only for text columns: pyarrow otherwise tries it on every float
    column, finds no repeats and falls back, which doubled the cost of writing a visits
    table. Statistics only for the columns days are selected by. Files are smaller too.
    """
    text = [f.name for f in schema if _is_text(f.type)]
    return {"use_dictionary": text, "write_statistics": [c for c in STATISTICS_COLUMNS if c in schema.names]}


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to one parquet file with :func:`writer_options`.

    A categorical column without any category (a table without rows) is written as text
    categories: pyarrow would store it as a dictionary of nulls, which reads back as plain
    objects, and the empty table would not read back as it was.
    """
    empty = [
        c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype) and not len(frame[c].cat.categories)
    ]
    if empty:
        frame = frame.assign(**{c: frame[c].cat.set_categories(pd.Index([], dtype="str")) for c in empty})
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, **writer_options(table.schema))


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_dictionary(kind) or pa.types.is_string(kind) or pa.types.is_large_string(kind))


class TableWriter:
    """Appends DataFrames with the same columns, in replication order, to one parquet file.

    The first frame fixes the schema (and the pandas metadata that restores dtypes on
    reading); later frames are converted to it. Rows are regrouped into row groups of
    :data:`ROW_GROUP_REPS` replications. Categorical columns get the categories of each
    row group's own rows; reading the file unifies them in order of first appearance,
    as stacking the frames would.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.max_rep = -1
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._group = -1  # row group being filled
        self._pieces: list[pd.DataFrame] = []
        self._last_frame: pd.DataFrame | None = None  # the frame given to the last write
        self._columns_only: pd.DataFrame | None = None  # the columns of a table with no rows (yet)

    def write(self, frame: pd.DataFrame) -> None:
        """Append ``frame``'s rows (replications after those already written)."""
        if not len(frame):
            if self._columns_only is None:
                self._columns_only = frame.iloc[:0]
            return
        group = frame["rep"].to_numpy() // ROW_GROUP_REPS
        cuts = np.flatnonzero(np.diff(group)) + 1
        for start, end in zip(np.r_[0, cuts], np.r_[cuts, len(frame)], strict=True):
            if group[start] != self._group:
                self._flush()
                self._group = int(group[start])
            self._pieces.append(frame if end - start == len(frame) else frame.iloc[start:end])
        self._last_frame = frame
        self.max_rep = max(self.max_rep, int(frame["rep"].iloc[-1]))

    def _flush(self) -> None:
        if not self._pieces:
            return
        whole = len(self._pieces) == 1 and self._pieces[0] is self._last_frame  # categories already its own
        rows = self._pieces[0] if whole else stack_tables(self._pieces)  # drops categories unused in these rows
        self._pieces = []
        table = pa.Table.from_pandas(rows, preserve_index=False, schema=self._schema)
        if self._writer is None:
            self._schema = table.schema
            self._writer = pq.ParquetWriter(self.path, table.schema, **writer_options(table.schema))
        self._writer.write_table(table)

    def close(self) -> None:
        """Finish the file (a writer given only empty tables writes their columns and no rows;
        one given nothing at all leaves no file)."""
        self._flush()
        if self._writer is None and self._columns_only is not None:  # a day with no patients
            write_frame(self._columns_only, self.path)
            self._columns_only = None
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def abandon(self) -> None:
        """Stop without finishing the file (it is about to be deleted): nothing more is written."""
        self._pieces = []
        self._columns_only = None
        writer, self._writer = self._writer, None
        if writer is not None:
            with contextlib.suppress(OSError):  # e.g. the disk that is full
                writer.close()


def merge_parts(parts: list[TableWriter], target: Path, reps: int) -> None:
    """Bind the closed ``parts`` (in order) into ``target``, keeping replications ``0..reps-1``.

    One part holding only those replications is simply renamed. Parts with the same
    columns are copied a row group at a time (little memory); parts with different
    columns (scenarios with different pathways) are stacked in pandas, which lines the
    columns up as the in-memory tables do.
    """
    written = [part for part in parts if part.path.exists()]
    if not written:
        raise ValueError(f"no rows were written for {target.name}")
    if len(written) == 1 and written[0].max_rep < reps:
        os.replace(written[0].path, target)
        return
    files = [pq.ParquetFile(part.path) for part in written]
    first = files[0].schema_arrow
    if all(f.schema_arrow.equals(first, check_metadata=False) for f in files):
        _copy_row_groups(files, target, first, reps)
    else:
        _stack_in_pandas([part.path for part in written], target, reps)
    for part in written:
        part.path.unlink()


def _copy_row_groups(files: list[pq.ParquetFile], target: Path, schema: pa.Schema, reps: int) -> None:
    with pq.ParquetWriter(target, schema, **writer_options(schema)) as writer:
        for file in files:
            for index in range(file.num_row_groups):
                table = file.read_row_group(index)
                keep = pc.less(table["rep"], reps)
                if not pc.all(keep).as_py():
                    table = _without_unused_categories(table.filter(keep), schema)
                if table.num_rows:
                    writer.write_table(table.replace_schema_metadata(schema.metadata))


def _without_unused_categories(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Dictionaries re-encoded from the rows left (first appearance first, as categories
    of a filtered and restacked DataFrame would be)."""
    columns = []
    for field, column in zip(schema, table.columns, strict=True):
        if pa.types.is_dictionary(field.type):
            column = pc.dictionary_encode(column.cast(field.type.value_type)).cast(field.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def _stack_in_pandas(paths: list[Path], target: Path, reps: int) -> None:
    frames: list[Any] = []
    for path in paths:
        frame = pd.read_parquet(path)
        frames.append(frame.loc[frame["rep"] < reps])
    write_frame(stack_tables(frames), target)
