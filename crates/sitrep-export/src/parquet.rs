//! Parquet: the flat columns of `csv`, typed (numbers as numbers, flags as booleans), for
//! pandas, DuckDB and polars. Rows are written in row groups of [`ROW_GROUP`], so an export never
//! holds more than one group in memory.

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;
use std::io::Write;
use std::sync::Arc;

const ROW_GROUP: usize = 65_536;

const FLOATS: &[&str] = &["lat", "lon", "confidence"];
const INTS: &[&str] = &[
    "killed",
    "injured",
    "arrested",
    "displaced",
    "place_precision",
    "sources",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "arrested_min",
    "arrested_max",
    "displaced_min",
    "displaced_max",
];
const BOOLS: &[&str] = &["historical"];

fn kind(column: &str) -> DataType {
    if FLOATS.contains(&column) {
        DataType::Float64
    } else if INTS.contains(&column) {
        DataType::Int64
    } else if BOOLS.contains(&column) {
        DataType::Boolean
    } else {
        DataType::Utf8
    }
}

/// Writes `rows` (name → value pairs, as for CSV) as one Parquet file; returns the row count.
pub fn write<W: Write + Send>(w: W, columns: &[&str], rows: impl Iterator<Item = Vec<(&'static str, Value)>>) -> anyhow::Result<usize> {
    let schema = Arc::new(Schema::new(columns.iter().map(|c| Field::new(*c, kind(c), true)).collect::<Vec<_>>()));
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut writer = ArrowWriter::try_new(w, schema.clone(), Some(props))?;
    let mut n = 0;
    let mut group: Vec<Vec<(&'static str, Value)>> = Vec::with_capacity(1024);
    let flush = |group: &mut Vec<Vec<(&'static str, Value)>>, writer: &mut ArrowWriter<W>| -> anyhow::Result<()> {
        if group.is_empty() {
            return Ok(());
        }
        let cell =
            |row: &Vec<(&'static str, Value)>, c: &str| row.iter().find(|(k, _)| *k == c).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
        let arrays: Vec<ArrayRef> = columns
            .iter()
            .map(|c| -> ArrayRef {
                let values = group.iter().map(|r| cell(r, c));
                match kind(c) {
                    DataType::Float64 => Arc::new(values.map(|v| v.as_f64()).collect::<Float64Array>()),
                    DataType::Int64 => Arc::new(values.map(|v| v.as_i64()).collect::<Int64Array>()),
                    DataType::Boolean => Arc::new(values.map(|v| v.as_bool()).collect::<BooleanArray>()),
                    _ => Arc::new(values.map(|v| if v.is_null() { None } else { Some(crate::text(&v)) }).collect::<StringArray>()),
                }
            })
            .collect();
        writer.write(&RecordBatch::try_new(schema.clone(), arrays)?)?;
        group.clear();
        Ok(())
    };
    for row in rows {
        group.push(row);
        n += 1;
        if group.len() >= ROW_GROUP {
            flush(&mut group, &mut writer)?;
        }
    }
    flush(&mut group, &mut writer)?;
    writer.close()?;
    Ok(n)
}
