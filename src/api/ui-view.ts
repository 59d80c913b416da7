// The dashboard's settings as /api/ui gives them. Pure and without imports, so the dashboard's
// build shares the type.

export interface UiTiles {
  /** A URL template with {z}, {x} and {y} (or {-y}). */
  readonly url: string;
  /** Plain text for the map's corner; '' for none. */
  readonly attribution: string;
  readonly maxZoom: number;
}

export interface UiSettings {
  readonly map: {
    /** null: the map draws no tile layer and fetches nothing. */
    readonly tiles: UiTiles | null;
  };
}

/** What a server without a dashboard section answers: no tiles. */
export const DEFAULT_UI_SETTINGS: UiSettings = { map: { tiles: null } };
