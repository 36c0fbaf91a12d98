/** Any failure building or rendering a chart; the message is Dutch and names the chart. */
export class ChartError extends Error {
  readonly chartId: string;

  constructor(chartId: string, detail: string, options?: { cause?: unknown }) {
    super(`Grafiek '${chartId}' kon niet worden gemaakt: ${detail}`, options);
    this.name = "ChartError";
    this.chartId = chartId;
  }
}
