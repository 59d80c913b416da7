// The results pipeline: the sink the collectors hand results to, its subscribers, reference-target
// routing and the collection figures (lag, overruns, drops).

export { pipelineFigures } from './figures.js';
export {
  type PipelineFigures,
  type ResultScope,
  ResultsPipeline,
  type ResultsPipelineOptions,
  type ResultSubscriber,
  type SubscriberFigures,
} from './results-pipeline.js';
export { FanOutSink, LatestResults, type ProbeResultSink, type SiteLatest } from './sink.js';
