// Figures in Prometheus' text exposition format (version 0.0.4). Pure.

export interface PromFigure {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly value: number;
}

export function prometheusText(figures: readonly PromFigure[]): string {
  return figures
    .map(
      (f) =>
        `# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${f.name} ${f.type}\n${f.name} ${Number.isFinite(f.value) ? f.value : 'NaN'}\n`,
    )
    .join('');
}
