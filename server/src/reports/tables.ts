// The shape every report writer reads: a report is a list of tables and a list of feature layers
// (plus, for the page formats, its sections). The report model (model.ts) produces it from the
// service functions; the writers (write/*.ts) turn it into XLSX sheets, CSV files, GeoJSON and
// GeoPackage layers without computing anything themselves.
import type { Feature, Geometry } from "geojson";

export type ColumnKind = "text" | "integer" | "number" | "percent" | "minutes";

export interface ReportColumn {
  /** key into each row */
  key: string;
  /** header as shown to the reader, already in the report's language */
  label: string;
  kind: ColumnKind;
}

export type CellValue = string | number | null;

export interface ReportTable {
  /** stable id: sheet/file name (ASCII, e.g. "children", "minutes", "gaps") */
  id: string;
  /** title in the report's language */
  title: string;
  columns: ReportColumn[];
  rows: Record<string, CellValue>[];
}

export interface ReportLayer {
  /** stable id: layer/table name (ASCII, e.g. "cells", "gaps", "areas") */
  id: string;
  title: string;
  /** WGS 84 features; properties hold numbers as numbers */
  features: Feature<Geometry, Record<string, CellValue>>[];
}

export interface ReportData {
  /** e.g. "coverage-330282-education-zh" (ASCII, used for file names) */
  name: string;
  language: "zh" | "en";
  tables: ReportTable[];
  layers: ReportLayer[];
}
