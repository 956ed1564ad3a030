export const PAGE_HTML = '<!doctype html><title>etl-cycle</title>';
