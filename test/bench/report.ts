/** One benchmark figure per line, in the format tools read: `bench: <name> = <value> <unit> (target <op> <value> <unit>) met|SHORT`. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: '>=' | '<='; value: number };
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toString() : n.toFixed(2));

export function report(figure: Figure): void {
  const base = `bench: ${figure.name} = ${round(figure.value)} ${figure.unit}`;
  if (!figure.target) return void console.log(base);
  const { op, value } = figure.target;
  const met = op === '>=' ? figure.value >= value : figure.value <= value;
  console.log(`${base} (target ${op} ${round(value)} ${figure.unit}) ${met ? 'met' : 'SHORT'}`);
}
