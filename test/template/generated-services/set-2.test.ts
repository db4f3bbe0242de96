import { describeGeneratedService } from "../generated-services.js";

// The checks of every option set are in ../generated-services.ts; one file per set lets them run in parallel.
describeGeneratedService(2);
