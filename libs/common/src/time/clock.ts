import { Injectable } from '@nestjs/common';

/**
 * The time as services that plan ahead see it (key rotation's pre-publication and retirement).
 * One provider, so that a test can move it forward instead of waiting ten minutes.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
