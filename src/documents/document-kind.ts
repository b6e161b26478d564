/**
 * The kinds of paper a nomination dossier has, in one place low enough for both the generator
 * ({@link ./dossier-documents.ts}) and the council contract's `documents` list to import without
 * the contract pulling in the templates and docxtemplater.
 */
export const DOCUMENT_KINDS = ["BAO_CAO_THANH_TICH", "TO_TRINH", "BIEN_BAN", "DU_THAO_QUYET_DINH"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
