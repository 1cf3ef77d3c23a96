// Package pkg declares the interfaces that shell-operator's object_patch package uses from
// github.com/deckhouse/module-sdk/pkg. Written for the cilium-egress-ha-operator e2e build; see ../README.md.
package pkg

// PatchCollectorOperation is one object operation (create, delete, patch) collected from a hook.
type PatchCollectorOperation interface {
	Description() string
	SetObjectPrefix(prefix string)
}

// PatchCollectorOptionApplier is what an option can set on a patch operation.
type PatchCollectorOptionApplier interface {
	WithSubresource(subresource string)
	WithIgnoreMissingObject(ignore bool)
	WithIgnoreHookError(ignore bool)
}

// PatchCollectorOption modifies a patch operation.
type PatchCollectorOption interface {
	Apply(o PatchCollectorOptionApplier)
}

// PatchCollector collects object operations.
type PatchCollector interface {
	Create(object any)
	CreateOrUpdate(object any)
	CreateIfNotExists(object any)
	Delete(apiVersion, kind, namespace, name string)
	DeleteInBackground(apiVersion, kind, namespace, name string)
	DeleteNonCascading(apiVersion, kind, namespace, name string)
	PatchWithJQ(jqfilter, apiVersion, kind, namespace, name string, opts ...PatchCollectorOption)
	PatchWithJSON(jsonPatch any, apiVersion, kind, namespace, name string, opts ...PatchCollectorOption)
	PatchWithMerge(mergePatch any, apiVersion, kind, namespace, name string, opts ...PatchCollectorOption)
	Operations() []PatchCollectorOperation
}
