package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V2CrossVersionObjectReference;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerSpec;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import io.kubernetes.client.openapi.models.V2MetricTarget;
import io.kubernetes.client.openapi.models.V2ResourceMetricSource;
import io.meshportal.factory.FactoryConfig;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FactoryWorkload;
import io.meshportal.fleet.NewFactory;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one factory, built from a request: a Deployment and a Service named
 * {@code factory-<id>}, and an HPA when autoscaling is set. Every body carries apiVersion and kind.
 */
final class FactoryResources {

    static final int PORT = 8080;

    private FactoryResources() {}

    static String name(String factoryId) {
        return "factory-" + factoryId;
    }

    static V1Deployment deployment(NewFactory request, String namespace, String image) {
        return deployment(
                new FactoryWorkload(
                        request.id(),
                        request.name(),
                        request.country(),
                        FactoryLabels.FIRST_VERSION,
                        // the container boundary: product lines as FACTORY_PRODUCTS text
                        FactoryConfig.formatProducts(request.mix().lines(request.capacity())),
                        request.replicas(),
                        null),
                namespace,
                image);
    }

    static V1Deployment deployment(FactoryWorkload request, String namespace, String image) {
        Map<String, String> labels = FactoryLabels.of(request.id(), request.country());
        V1Container container = new V1Container()
                .name("factory")
                .image(image)
                .imagePullPolicy("IfNotPresent")
                .ports(List.of(new V1ContainerPort().name("http").containerPort(PORT)))
                .env(List.of(
                        new V1EnvVar().name("FACTORY_ID").value(request.id()),
                        new V1EnvVar().name("FACTORY_NAME").value(request.name()),
                        new V1EnvVar().name("FACTORY_COUNTRY").value(request.country()),
                        new V1EnvVar().name("FACTORY_PRODUCTS").value(request.products()),
                        new V1EnvVar().name("FACTORY_PORT").value(String.valueOf(PORT))))
                .readinessProbe(new V1Probe()
                        .httpGet(new V1HTTPGetAction().path("/readyz").port(new IntOrString("http")))
                        .periodSeconds(5)
                        .failureThreshold(2))
                .livenessProbe(new V1Probe()
                        .httpGet(new V1HTTPGetAction().path("/healthz").port(new IntOrString("http")))
                        .initialDelaySeconds(5)
                        .periodSeconds(10))
                .resources(new V1ResourceRequirements()
                        .requests(Map.of("cpu", Quantity.fromString("50m"), "memory", Quantity.fromString("96Mi")))
                        .limits(Map.of("cpu", Quantity.fromString("500m"), "memory", Quantity.fromString("160Mi"))))
                .securityContext(new V1SecurityContext()
                        .allowPrivilegeEscalation(false)
                        .readOnlyRootFilesystem(true)
                        .capabilities(new V1Capabilities().drop(List.of("ALL"))));
        return new V1Deployment()
                .apiVersion("apps/v1")
                .kind("Deployment")
                .metadata(new V1ObjectMeta()
                        .name(name(request.id()))
                        .namespace(namespace)
                        .labels(labels)
                        .annotations(Map.of(FactoryLabels.DISPLAY_NAME, request.name())))
                .spec(new V1DeploymentSpec()
                        .replicas(request.replicas())
                        .selector(new V1LabelSelector().matchLabels(FactoryLabels.selector(request.id())))
                        .template(new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta()
                                        .labels(FactoryLabels.pod(request.id(), request.country(), request.version())))
                                .spec(new V1PodSpec()
                                        .automountServiceAccountToken(false)
                                        .securityContext(new V1PodSecurityContext()
                                                .runAsNonRoot(true)
                                                .runAsUser(10001L))
                                        .containers(List.of(container)))));
    }

    static V1Service service(NewFactory request, String namespace) {
        return service(request.id(), request.country(), namespace);
    }

    static V1Service service(String factoryId, String country, String namespace) {
        return new V1Service()
                .apiVersion("v1")
                .kind("Service")
                .metadata(new V1ObjectMeta()
                        .name(name(factoryId))
                        .namespace(namespace)
                        .labels(FactoryLabels.of(factoryId, country)))
                .spec(new V1ServiceSpec()
                        .selector(FactoryLabels.serviceSelector(factoryId))
                        .ports(List.of(new V1ServicePort()
                                .name("http")
                                .port(PORT)
                                .targetPort(new IntOrString("http"))
                                .appProtocol("http"))));
    }

    static V2HorizontalPodAutoscaler autoscaler(
            String factoryId, String country, String namespace, Autoscaling bounds) {
        return new V2HorizontalPodAutoscaler()
                .apiVersion("autoscaling/v2")
                .kind("HorizontalPodAutoscaler")
                .metadata(new V1ObjectMeta()
                        .name(name(factoryId))
                        .namespace(namespace)
                        .labels(FactoryLabels.of(factoryId, country)))
                .spec(new V2HorizontalPodAutoscalerSpec()
                        .scaleTargetRef(new V2CrossVersionObjectReference()
                                .apiVersion("apps/v1")
                                .kind("Deployment")
                                .name(name(factoryId)))
                        .minReplicas(bounds.minReplicas())
                        .maxReplicas(bounds.maxReplicas())
                        .metrics(List.of(new V2MetricSpec()
                                .type("Resource")
                                .resource(new V2ResourceMetricSource()
                                        .name("cpu")
                                        .target(new V2MetricTarget()
                                                .type("Utilization")
                                                .averageUtilization(70))))));
    }
}
