#!/usr/bin/python3
"""The seed-style warehouse peer (issue [6]): the full load done the way seed 001's Lambdas do it, against the
same totesys schema the app is measured on, so bench/warehouse-bench.sh can time both in one run.

  ingest   pandas.read_sql of each whole table, written as CSV (the seed's ingestion files)
  process  the CSVs read back, dimensions built with DataFrame merges, facts with their timestamps split
  load     one INSERT ... ON CONFLICT DO NOTHING per row with psycopg2 (the seed's loaders), one commit

The warehouse tables are the app's own (V1__star_schemas.sql, created by the caller in --target-schema).
Prints one JSON line: seconds per step, rows, and the peak resident memory (ru_maxrss).

Needs Debian's python3-pandas python3-psycopg2 (run with /usr/bin/python3). Usage:
  warehouse_peer.py --pg "dbname=bench user=postgres host=127.0.0.1" --source-schema wh_bench_totesys \
      --target-schema wh_peer_dw
"""
import argparse, json, os, resource, tempfile, time, warnings

import pandas as pd
import psycopg2

TABLES = ["address", "counterparty", "currency", "department", "design", "staff", "sales_order",
          "purchase_order", "payment_type", "transaction", "payment"]
CURRENCY_NAMES = {"GBP": "British Pound", "USD": "US Dollar", "EUR": "Euro"}


def split_times(frame):
    for column in ("created_at", "last_updated"):
        stamp = pd.to_datetime(frame[column])
        prefix = "created" if column == "created_at" else "last_updated"
        frame[prefix + "_date"] = stamp.dt.date
        frame[prefix + "_time"] = stamp.dt.time
    return frame.drop(columns=["created_at", "last_updated"])


def iso_date(series):
    return pd.to_datetime(series, format="%Y-%m-%d", errors="coerce").dt.date


def star_schemas(t):
    address = t["address"]
    location = address.rename(columns={"address_id": "location_id"})[
        ["location_id", "address_line_1", "address_line_2", "district", "city", "postal_code", "country", "phone"]]
    staff = t["staff"].merge(t["department"], on="department_id", how="left")[
        ["staff_id", "first_name", "last_name", "department_name", "location", "email_address"]]
    counterparty = t["counterparty"].merge(address, left_on="legal_address_id", right_on="address_id", how="left")
    counterparty = counterparty.rename(columns={
        "address_line_1": "counterparty_legal_address_line_1", "address_line_2": "counterparty_legal_address_line_2",
        "district": "counterparty_legal_district", "city": "counterparty_legal_city",
        "postal_code": "counterparty_legal_postal_code", "country": "counterparty_legal_country",
        "phone": "counterparty_legal_phone_number"})[
        ["counterparty_id", "counterparty_legal_name", "counterparty_legal_address_line_1",
         "counterparty_legal_address_line_2", "counterparty_legal_district", "counterparty_legal_city",
         "counterparty_legal_postal_code", "counterparty_legal_country", "counterparty_legal_phone_number"]]
    currency = t["currency"][["currency_id", "currency_code"]].copy()
    currency["currency_name"] = currency["currency_code"].map(CURRENCY_NAMES)
    design = t["design"][["design_id", "design_name", "file_location", "file_name"]]
    payment_type = t["payment_type"][["payment_type_id", "payment_type_name"]]
    transaction = t["transaction"][["transaction_id", "transaction_type", "sales_order_id", "purchase_order_id"]]

    sales = split_times(t["sales_order"].rename(columns={"staff_id": "sales_staff_id"}))
    purchases = split_times(t["purchase_order"])
    payments = split_times(t["payment"].drop(columns=["company_ac_number", "counterparty_ac_number"]))
    for frame, columns in ((sales, ("agreed_payment_date", "agreed_delivery_date")),
                           (purchases, ("agreed_payment_date", "agreed_delivery_date")),
                           (payments, ("payment_date",))):
        for column in columns:
            frame[column] = iso_date(frame[column])
    dates = pd.concat([frame[c] for frame in (sales, purchases, payments) for c in frame.columns
                       if c.endswith("_date")]).dropna().unique()
    stamps = pd.to_datetime(pd.Series(dates))
    dim_date = pd.DataFrame({"date_id": stamps.dt.date, "year": stamps.dt.year, "month": stamps.dt.month,
                             "day": stamps.dt.day, "day_of_week": stamps.dt.dayofweek + 1,
                             "day_name": stamps.dt.day_name(), "month_name": stamps.dt.month_name(),
                             "quarter": stamps.dt.quarter})
    return {"dim_date": dim_date, "dim_staff": staff, "dim_location": location, "dim_currency": currency,
            "dim_design": design, "dim_counterparty": counterparty, "dim_payment_type": payment_type,
            "dim_transaction": transaction, "fact_sales_order": sales, "fact_purchase_order": purchases,
            "fact_payment": payments}


def load(connection, schema, tables):
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute("SET search_path = " + schema)
        for name, frame in tables.items():
            frame = frame.astype(object).where(frame.notna(), None)
            columns = list(frame.columns)
            sql = "INSERT INTO %s (%s) VALUES (%s) ON CONFLICT DO NOTHING" % (
                name, ", ".join(columns), ", ".join(["%s"] * len(columns)))
            for row in frame.itertuples(index=False, name=None):
                cursor.execute(sql, row)
                rows += 1
    connection.commit()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", required=True)
    parser.add_argument("--source-schema", required=True)
    parser.add_argument("--target-schema", required=True)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # pandas prefers SQLAlchemy connections; the seeds pass psycopg2's
    connection = psycopg2.connect(args.pg)
    work = tempfile.mkdtemp(prefix="warehouse-peer-")

    started = time.monotonic()
    source_rows = 0
    for table in TABLES:
        frame = pd.read_sql("SELECT * FROM %s.%s" % (args.source_schema, table), connection)
        source_rows += len(frame)
        frame.to_csv(os.path.join(work, table + ".csv"), index=False)
    ingested = time.monotonic()
    tables = {table: pd.read_csv(os.path.join(work, table + ".csv")) for table in TABLES}
    star = star_schemas(tables)
    del tables
    processed = time.monotonic()
    loaded_rows = load(connection, args.target_schema, star)
    done = time.monotonic()
    for table in TABLES:
        os.remove(os.path.join(work, table + ".csv"))
    os.rmdir(work)
    print(json.dumps({"source_rows": source_rows, "loaded_rows": loaded_rows, "full_s": round(done - started, 1),
                      "ingest_s": round(ingested - started, 1), "process_s": round(processed - ingested, 1),
                      "load_s": round(done - processed, 1),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
