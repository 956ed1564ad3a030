// data/customers.csv (or CSV_FILE): read, split into rows, and the validity rule the ingest and
// the validation share, so both count the same way.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const csvFile = process.env.CSV_FILE ?? fileURLToPath(new URL('../data/customers.csv', import.meta.url));

export async function readCustomers() {
  const [header, ...lines] = (await readFile(csvFile, 'utf8')).trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

export function isValid(row) {
  const date = new Date(`${row.signup_date}T00:00:00Z`);
  return (
    /^\d+$/.test(row.customer_id) &&
    row.email.includes('@') &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().startsWith(row.signup_date) &&
    !Number.isNaN(Number(row.lifetime_value))
  );
}
