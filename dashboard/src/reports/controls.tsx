// Controls the report pages share: a segmented switch (one choice of a few, each a pressed button)
// and a sortable column title.

import type { ComponentChildren } from 'preact';

export function Segmented<T extends string>({
  legend,
  value,
  options,
  onChange,
}: {
  legend: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="field">
      <legend>{legend}</legend>
      <div class="seg">
        {options.map((o) => (
          <button type="button" aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
            {o.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

export function SortableTh({
  label,
  active,
  dir,
  numeric,
  title,
  onSort,
}: {
  label: ComponentChildren;
  active: boolean;
  dir: 'asc' | 'desc';
  numeric: boolean;
  title?: string;
  onSort: () => void;
}) {
  return (
    <th
      scope="col"
      class={numeric ? 'num' : undefined}
      aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
      title={title}
    >
      <button type="button" class="sort" onClick={onSort}>
        <span>{label}</span>
        <span class="arrow" aria-hidden="true">
          {active ? (dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
