-- The totesys source schema (docs/warehouse.md), as the tests, the benchmark and the demo create it.
CREATE TYPE payment_type_name AS ENUM ('SALES_RECEIPT', 'SALES_REFUND', 'PURCHASE_PAYMENT', 'PURCHASE_REFUND');
CREATE TYPE transaction_type AS ENUM ('SALE', 'PURCHASE');
CREATE TABLE address (address_id SERIAL PRIMARY KEY, address_line_1 TEXT NOT NULL, address_line_2 TEXT, district TEXT,
    city TEXT NOT NULL, postal_code TEXT NOT NULL, country TEXT NOT NULL, phone TEXT NOT NULL,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE counterparty (counterparty_id SERIAL PRIMARY KEY, counterparty_legal_name TEXT NOT NULL,
    legal_address_id INT NOT NULL REFERENCES address, commercial_contact TEXT, delivery_contact TEXT,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE currency (currency_id SERIAL PRIMARY KEY, currency_code VARCHAR(3) NOT NULL,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE department (department_id SERIAL PRIMARY KEY, department_name TEXT NOT NULL, location TEXT, manager TEXT,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE design (design_id SERIAL PRIMARY KEY, design_name TEXT NOT NULL, file_location TEXT NOT NULL,
    file_name TEXT NOT NULL, created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE staff (staff_id SERIAL PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    department_id INT NOT NULL REFERENCES department, email_address TEXT NOT NULL,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE sales_order (sales_order_id SERIAL PRIMARY KEY, design_id INT REFERENCES design, staff_id INT REFERENCES staff,
    counterparty_id INT REFERENCES counterparty, units_sold INT, unit_price NUMERIC(10, 2),
    currency_id INT REFERENCES currency, agreed_delivery_date TEXT, agreed_payment_date TEXT,
    agreed_delivery_location_id INT REFERENCES address,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE purchase_order (purchase_order_id SERIAL PRIMARY KEY, staff_id INT REFERENCES staff,
    counterparty_id INT REFERENCES counterparty, item_code TEXT, item_quantity INT, item_unit_price NUMERIC(10, 2),
    currency_id INT REFERENCES currency, agreed_delivery_date TEXT, agreed_payment_date TEXT,
    agreed_delivery_location_id INT REFERENCES address,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE payment_type (payment_type_id SERIAL PRIMARY KEY, payment_type_name payment_type_name NOT NULL,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE transaction (transaction_id SERIAL PRIMARY KEY, transaction_type transaction_type NOT NULL,
    sales_order_id INT UNIQUE REFERENCES sales_order, purchase_order_id INT UNIQUE REFERENCES purchase_order,
    created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE TABLE payment (payment_id SERIAL PRIMARY KEY, transaction_id INT UNIQUE REFERENCES transaction,
    counterparty_id INT REFERENCES counterparty, payment_amount NUMERIC(10, 2), currency_id INT REFERENCES currency,
    payment_type_id INT REFERENCES payment_type, paid BOOLEAN, payment_date TEXT, company_ac_number INT,
    counterparty_ac_number INT, created_at TIMESTAMP(3) NOT NULL, last_updated TIMESTAMP(3) NOT NULL);
CREATE INDEX ix_address_updated ON address (last_updated);
CREATE INDEX ix_sales_order_updated ON sales_order (last_updated);
CREATE INDEX ix_purchase_order_updated ON purchase_order (last_updated);
CREATE INDEX ix_transaction_updated ON transaction (last_updated);
CREATE INDEX ix_payment_updated ON payment (last_updated);
