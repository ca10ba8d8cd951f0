package dev.portal.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.portal.shared.config.LambdaContexts;
import dev.portal.shared.log.Invocation;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Base of every Lambda function built on Micronaut: the context built once per container (lean and
 * lazy, see {@link LambdaContexts}) and injected into the subclass, and the event read and the
 * result written by our own streaming mappers ({@link HttpApiEvents}, {@link SqsEvents}, {@link
 * DynamodbStreamEvents}, {@link ScheduledEvents}) instead of the runtime's reflective Jackson.
 *
 * <p>Lambda calls {@link #handleRequest(InputStream, OutputStream, Context)} with the event's
 * bytes; tests and local mode call {@link #handle(Object, Context)} or {@link #execute(Object)}
 * with an event object. A subclass writes {@link #execute} and nothing else.
 *
 * @param <I> the event
 * @param <O> the result
 */
public abstract class EventFunction<I, O> implements RequestStreamHandler, AutoCloseable {
  /** Reads one event. */
  @FunctionalInterface
  public interface Reader<I> {
    I read(InputStream in) throws IOException, MalformedEvent;
  }

  /** Writes one result. */
  @FunctionalInterface
  public interface Writer<O> {
    void write(O result, OutputStream out) throws IOException;
  }

  private final ApplicationContext context;
  private final Reader<I> reader;
  private final Writer<O> writer;

  /** Lambda's: a context of its own, built from the function's environment. */
  protected EventFunction(Reader<I> reader, Writer<O> writer) {
    this(LambdaContexts.builder().build(), reader, writer);
  }

  /** Tests' and local mode's: one context shared by every function they run. */
  protected EventFunction(ApplicationContext context, Reader<I> reader, Writer<O> writer) {
    this.context = context;
    this.reader = reader;
    this.writer = writer;
    if (!context.isRunning()) context.start();
    // Field and setter injection into this instance: the subclass's @Inject members, resolved
    // through the bean definition Micronaut generated for it at compile time.
    context.inject(this);
  }

  /** What the function does with one event. */
  public abstract O execute(I event);

  /**
   * An event the function's source could not have sent. This default fails the invocation (the
   * batch is retried, then dead-lettered, as when the runtime's mapping refused it); an HTTP
   * function answers it instead.
   */
  protected O malformed(MalformedEvent e) throws IOException {
    throw new IOException("the event is not one this function takes: " + e.getMessage());
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context lambda)
      throws IOException {
    Invocation.begin(lambda);
    try {
      O result;
      try {
        result = execute(reader.read(input));
      } catch (MalformedEvent e) {
        result = malformed(e);
      }
      writer.write(result, output);
    } finally {
      Invocation.end();
    }
  }

  /** One invocation with an event object, its log lines naming Lambda's request id. */
  public final O handle(I event, Context lambda) {
    Invocation.begin(lambda);
    try {
      return execute(event);
    } finally {
      Invocation.end();
    }
  }

  public final ApplicationContext getApplicationContext() {
    return context;
  }

  /** Stops the context (tests; Lambda never closes a function). */
  @Override
  public void close() {
    context.close();
  }
}
