package dev.ferry.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;

/**
 * Generates the invoker class of every DoFn in a built pipeline on a background thread, while the
 * runner prepares the pipeline. Beam generates one such class per DoFn class (with ByteBuddy) when
 * a worker first sets the DoFn up, and the workers wait for it: about a quarter of a second of cold
 * code at the start of every local run. Generated here, the workers find them in Beam's cache. A
 * DoFn whose invoker cannot be made is left alone: the runner meets it again and reports it.
 *
 * <pre>{@code
 * MigrateGraph.build(p, plans, runDir, strict, 2000);
 * InvokerWarmUp.start(p);
 * p.run();
 * }</pre>
 */
final class InvokerWarmUp {
  private InvokerWarmUp() {}

  static void start(Pipeline p) {
    List<DoFn<?, ?>> fns = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            PTransform<?, ?> t = node.getTransform();
            if (t instanceof ParDo.MultiOutput) {
              fns.add(((ParDo.MultiOutput<?, ?>) t).getFn());
            } else if (t instanceof ParDo.SingleOutput) {
              fns.add(((ParDo.SingleOutput<?, ?>) t).getFn());
            }
          }
        });
    Thread warmUp =
        new Thread(
            () -> {
              for (DoFn<?, ?> fn : fns) {
                try {
                  DoFnInvokers.invokerFor(fn);
                } catch (RuntimeException | LinkageError e) {
                  // Reported by the runner when it sets the DoFn up.
                }
              }
            },
            "ferry-dofn-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }
}
