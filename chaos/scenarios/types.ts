import type { Row } from '../lib/row';

export interface ScenarioContext {
  /** The short run (`--quick`): fewer clients, shorter phases. */
  quick: boolean;
  /** A phase length in seconds: the full one, or a third of it in a quick run (at least 2). */
  seconds(full: number): number;
}

export interface Scenario {
  name: string;
  run(context: ScenarioContext): Promise<Row>;
}
